// A check block: the exercise, a Check button, and what the check found in the real system, criterion by criterion.
import type { CheckResult } from '../../../server/protocol/checks.js';
import type { CheckInfo } from '../../../server/protocol/lesson.js';
import type { LabApi } from '../api/client.js';
import { append, h, trustedHtml } from '../dom.js';

export interface CheckViewOptions {
  chapterId: string;
  checkId: string;
  /** The exercise text, HTML rendered by the server from the lesson. */
  html: string;
  info: CheckInfo | undefined;
  saved: CheckResult | undefined;
  api: LabApi;
  /** Called after every completed check, so the sidebar can update its progress. */
  onResult(result: CheckResult): void;
}

/** An exercise with its check, ready to be placed in the notebook. */
export class CheckView {
  readonly element: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly result: HTMLDivElement;

  constructor(private readonly options: CheckViewOptions) {
    const { info, checkId } = options;
    const title = info?.title ?? checkId;
    this.button = h(
      'button',
      { type: 'button', class: 'btn primary', 'data-testid': 'check-button', 'aria-label': `Check: ${title}` },
      'Check',
    );
    this.button.addEventListener('click', () => void this.check());
    this.result = h('div', { class: 'check-result', 'data-testid': 'check-result', 'aria-live': 'polite' });
    this.result.hidden = true;

    this.element = h(
      'section',
      { class: 'check', 'data-testid': 'check', 'data-check-id': checkId, 'aria-label': `Exercise: ${title}` },
      h(
        'header',
        { class: 'check-head' },
        h('span', { class: 'check-badge' }, 'Exercise'),
        h('span', { class: 'check-title' }, title),
        info ? h('span', { class: 'check-points' }, `${info.points} ${info.points === 1 ? 'point' : 'points'}`) : null,
      ),
      trustedHtml('check-text prose', options.html),
      h('div', { class: 'check-actions' }, this.button),
      this.result,
    );
    if (options.saved) this.show(options.saved);
  }

  private async check(): Promise<void> {
    this.button.disabled = true;
    this.button.textContent = 'Checking…';
    this.element.dataset.checking = 'true';
    const answer = await this.options.api.runCheck(this.options.chapterId, this.options.checkId);
    this.button.disabled = false;
    this.button.textContent = 'Check';
    delete this.element.dataset.checking;
    if (!answer.ok) {
      this.result.hidden = false;
      this.result.dataset.passed = 'false';
      this.result.replaceChildren(h('p', { class: 'check-error' }, `The check could not be run: ${answer.message}`));
      return;
    }
    this.show(answer.value);
    this.options.onResult(answer.value);
  }

  private show(result: CheckResult): void {
    const points = this.options.info?.points ?? result.points;
    const verdict = h(
      'p',
      { class: 'check-verdict' },
      h('span', { class: 'mark', 'aria-hidden': 'true' }, result.passed ? '✓' : '✗'),
      h('strong', {}, result.passed ? 'Passed' : 'Not yet'),
      h('span', { class: 'check-score' }, `${result.passed ? points : 0}/${points} points`),
      h('time', { class: 'check-time', datetime: result.ranAt }, `checked ${formatTime(result.ranAt)}`),
    );
    const criteria = h(
      'ul',
      { class: 'criteria' },
      ...result.criteria.map((criterion) =>
        h(
          'li',
          { class: 'criterion', 'data-testid': 'criterion', 'data-passed': String(criterion.passed) },
          h(
            'span',
            { class: 'mark', 'aria-label': criterion.passed ? 'passed' : 'failed' },
            criterion.passed ? '✓' : '✗',
          ),
          h('span', { class: 'criterion-name' }, criterion.name),
          h(
            'dl',
            { class: 'criterion-values' },
            h('dt', {}, 'expected'),
            h('dd', {}, h('code', {}, criterion.expected)),
            h('dt', {}, 'actual'),
            // Results saved before criteria were made never blank can still hold an empty actual.
            h('dd', {}, h('code', {}, criterion.actual.trim() || '(nothing found)')),
          ),
        ),
      ),
    );
    this.result.hidden = false;
    this.result.dataset.passed = String(result.passed);
    this.result.replaceChildren();
    append(
      this.result,
      verdict,
      result.error ? h('p', { class: 'check-error' }, `The check itself failed to run: ${result.error}`) : null,
      result.criteria.length ? criteria : null,
      !result.passed && result.hint ? h('p', { class: 'check-hint' }, h('strong', {}, 'Hint: '), result.hint) : null,
    );
  }
}

function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}
