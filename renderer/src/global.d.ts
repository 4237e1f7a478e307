// Side-effect CSS imports are bundled by Vite into the stylesheet file.
declare module '*.css'
