// Facts about the platform the renderer runs on, read once. Layer: renderer (DOM).
import { isMacPlatform } from './logic/search-keys'

interface UserAgentData {
  platform?: string
}

const nav = navigator as Navigator & { userAgentData?: UserAgentData }

/** macOS: shortcuts use ⌘ instead of Ctrl. */
export const isMac = isMacPlatform(nav.userAgentData?.platform || nav.platform || '')
