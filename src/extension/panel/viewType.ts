// The webview panel type of a runbook notebook, on its own so the small activation bundle can
// register the panel serializer without loading the panel code.
export const VIEW_TYPE = 'runbook.notebook';
