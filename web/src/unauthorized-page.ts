// What a visitor without the lab token sees: how to get in, instead of a broken page.
import { h } from './dom.js';

/** The page shown on a 401 from the lab server. */
export function unauthorizedPage(): HTMLElement {
  return h(
    'main',
    { class: 'gate', 'data-testid': 'unauthorized' },
    h(
      'div',
      { class: 'gate-card' },
      h('h1', {}, 'This workbook needs its link'),
      h(
        'p',
        {},
        'The lab server runs a root shell, so it only answers to the link that carries its token. Open the link with ',
        h('code', {}, '?token=…'),
        ' exactly as it was printed by ',
        h('code', {}, './kubelab up'),
        ' (or ',
        h('code', {}, 'vagrant up'),
        ').',
      ),
      h('p', {}, 'The browser remembers the token after that first visit, and the address bar no longer shows it.'),
      h(
        'p',
        { class: 'gate-aside' },
        'Lost the link? It is in the output of ',
        h('code', {}, './kubelab up'),
        ' on the lab machine.',
      ),
    ),
  );
}
