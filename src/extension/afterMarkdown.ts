// Opening a Markdown file activates Runbook in the same burst as the built-in Markdown extension,
// whose activate() then waits for its language server to start. What Runbook can do a moment later
// (checking the open documents, which loads the include globs' matcher) waits until Markdown is
// active, so none of it runs on Markdown's path (docs/performance.md, "Opening a plain README").
import * as vscode from 'vscode';

const MARKDOWN = 'vscode.markdown-language-features';
/** A Markdown start slower than this (a stuck language server) is not waited for any longer. */
const MAX_WAIT_MS = 5000;

/**
 * Resolves once the Markdown extension is active, at once when it is already active, disabled or
 * not starting: with no Markdown document open, asking for it would start it rather than wait.
 */
export function afterMarkdownStart(): Promise<void> {
  const markdown = vscode.extensions.getExtension(MARKDOWN);
  if (!markdown || markdown.isActive || !vscode.workspace.textDocuments.some((d) => d.languageId === 'markdown')) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, MAX_WAIT_MS);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    // activate() of an extension that is activating joins that activation; a failed start is Markdown's business.
    markdown.activate().then(done, done);
  });
}
