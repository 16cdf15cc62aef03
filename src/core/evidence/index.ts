// Evidence: exports of a session (HTML, Markdown, JSON, JUnit), verification and signing.
import { loadEvidenceInput, loadJsonInput } from './input';
import { renderHtml } from './html';
import { renderJson } from './json';
import { streamJson, type Write } from './json-stream';
import { renderJunit } from './junit';
import { renderMarkdown } from './markdown';

export type ExportFormat = 'html' | 'md' | 'json' | 'junit';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['html', 'md', 'json', 'junit'];
export const EXPORT_EXTENSIONS: Readonly<Record<ExportFormat, string>> = { html: '.html', md: '.md', json: '.json', junit: '.xml' };

/** Renders a session directory as evidence. `generator` names the tool, e.g. `runbook 0.1.0`. */
export async function exportSession(dir: string, format: ExportFormat, generator: string, exportedAt?: string): Promise<string> {
  if (format === 'json') return renderJson(await loadJsonInput(dir, generator, exportedAt));
  return renderOther(dir, format, generator, exportedAt);
}

/**
 * Streams the export to `write` (awaited: backpressure). JSON, whose outputs are whole, is
 * written chunk by chunk in bounded memory; the other formats hold only excerpts.
 */
export async function exportSessionTo(dir: string, format: ExportFormat, generator: string, write: Write, exportedAt?: string): Promise<void> {
  if (format === 'json') return streamJson(dir, generator, write, exportedAt);
  await write(await renderOther(dir, format, generator, exportedAt));
}

async function renderOther(dir: string, format: Exclude<ExportFormat, 'json'>, generator: string, exportedAt?: string): Promise<string> {
  const input = await loadEvidenceInput(dir, generator, exportedAt);
  switch (format) {
    case 'html': return renderHtml(input);
    case 'md': return renderMarkdown(input);
    case 'junit': return renderJunit(input);
  }
}

export { verifyEvidence, verifyExportText, type VerifyResult, type VerifyOptions } from './verify';
export { signSession, verifySignature, SIGNATURE_NAMESPACE } from './sign';
export { renderHtml, renderMarkdown, renderJson, renderJunit };
export { loadEvidenceInput, loadJsonInput, type EvidenceInput } from './input';
