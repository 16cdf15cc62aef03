// Signing with the SSH keys admins already have: `ssh-keygen -Y sign|verify`, namespace `runbook`.
// The signature covers the event log's bytes, which hold the digests of every output and runbook copy.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOG_FILE, SIGNATURE_FILE } from '../session/events';
import { openNoFollow, writeFileAtomic } from '../session/safe-fs';

export const SIGNATURE_NAMESPACE = 'runbook';

/** One ssh-keygen call through execa: exit code and output, never a rejection for a non-zero exit. */
async function run(args: readonly string[], stdin?: string | Buffer): Promise<{ code: number; stdout: string; stderr: string }> {
  // execa is ESM-only; a dynamic import keeps this module loadable from CommonJS (tsx, the bundles).
  const { execa } = await import('execa');
  const result = await execa('ssh-keygen', args, {
    reject: false,
    stripFinalNewline: false,
    ...(stdin === undefined ? { stdin: 'ignore' as const } : { input: stdin }),
  });
  if ((result as { code?: string }).code === 'ENOENT') {
    throw new Error('ssh-keygen was not found: install OpenSSH (8.1 or later) to sign or check signatures');
  }
  return { code: result.exitCode ?? 1, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '') };
}

/**
 * Signs `<dir>/events.jsonl` with a private key; writes `<dir>/events.jsonl.sig`. ssh-keygen signs
 * the log read here (never through a symlink) from stdin and prints the signature, which is then
 * written atomically: a `.sig` planted as a symlink is replaced, never written through.
 */
export async function signSession(dir: string, keyFile: string): Promise<string> {
  const sigFile = join(dir, SIGNATURE_FILE);
  const handle = await openNoFollow(join(dir, LOG_FILE));
  const log = await handle.readFile().finally(() => handle.close());
  const { code, stdout, stderr } = await run(['-Y', 'sign', '-f', keyFile, '-n', SIGNATURE_NAMESPACE], log);
  if (code !== 0 || !stdout.includes('BEGIN SSH SIGNATURE')) throw new Error(`ssh-keygen could not sign with ${keyFile}: ${stderr.trim().split('\n').at(-1) ?? 'unknown error'}`);
  await writeFileAtomic(sigFile, (write) => write(stdout));
  return sigFile;
}

export interface SignatureCheck {
  readonly ok: boolean;
  /** "Good "runbook" signature for alice@example.org with ED25519 key SHA256:…" or why not. */
  readonly message: string;
  readonly principal?: string;
}

/** Checks a signature over `data` against an allowed_signers file (see ssh-keygen(1), ALLOWED SIGNERS). */
export async function verifySignature(data: string | Buffer, signature: string, allowedSigners: string): Promise<SignatureCheck> {
  await readFile(allowedSigners).catch(() => {
    throw new Error(`${allowedSigners}: cannot read the allowed signers file`);
  });
  const tmp = await mkdtemp(join(tmpdir(), 'runbook-sig-'));
  try {
    const sigFile = join(tmp, 'log.sig');
    await writeFile(sigFile, signature);
    const found = await run(['-Y', 'find-principals', '-s', sigFile, '-f', allowedSigners]);
    const principal = found.stdout.trim().split('\n')[0];
    if (found.code !== 0 || !principal) return { ok: false, message: 'the signature was not made by any key in the allowed signers file (or it is damaged)' };
    const checked = await run(['-Y', 'verify', '-f', allowedSigners, '-I', principal, '-n', SIGNATURE_NAMESPACE, '-s', sigFile], data);
    const message = (checked.stdout + checked.stderr).trim().split('\n')[0] ?? '';
    return checked.code === 0 ? { ok: true, message, principal } : { ok: false, message: `the signature does not match the log (${message})`, principal };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

