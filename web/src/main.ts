// Entry point. Trades a `?token=` in the address for the lab server's cookie, takes the token out of the address bar
// (so it is not bookmarked or shared by accident), then starts the workbook.
import '@xterm/xterm/css/xterm.css';
import './styles.css';
import { exchangeToken } from './api/client.js';
import { App } from './app.js';

async function main(): Promise<void> {
  const root = document.getElementById('app');
  if (!root) return;
  const url = new URL(location.href);
  const token = url.searchParams.get('token');
  if (token) {
    await exchangeToken(token);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
  }
  await new App(root).start();
}

void main();
