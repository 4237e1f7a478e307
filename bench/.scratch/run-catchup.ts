import { runCatchup } from '../catchup'
await runCatchup((t) => void process.stdout.write(`${t}\n`), process.env.BENCH_LARGE === '1')
