// Entry point of dist/server.js: the Runbook language server over the transport the client chose
// (IPC from the extension; --stdio also works for other editors).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);
startServer(connection);
connection.listen();
