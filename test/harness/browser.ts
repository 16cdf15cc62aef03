// Headless Chromium (Debian's) driven by playwright-core: no browser download needed.
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM } from './codeServer';

export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
}
