// The chapter list: each chapter's title, how many of its checks pass, and whether its lesson has problems.
import type { ChapterSummary } from '../../server/protocol/lesson.js';
import { h } from './dom.js';

/** The left sidebar. `update` re-renders the list; `select` marks the open chapter. */
export class Sidebar {
  readonly element: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly message: HTMLParagraphElement;
  private chapters: ChapterSummary[] = [];
  private selected: string | null = null;

  constructor(footer: HTMLElement) {
    this.list = h('ol', { class: 'chapter-list' });
    this.message = h('p', { class: 'sidebar-message', role: 'status' });
    this.message.hidden = true;
    this.element = h(
      'nav',
      { class: 'sidebar', 'aria-label': 'Chapters', 'data-testid': 'sidebar' },
      h(
        'a',
        { class: 'brand', href: '#/' },
        h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '⎈'),
        h('span', {}, 'kubelab'),
      ),
      h('h2', { class: 'sidebar-heading' }, 'Chapters'),
      this.message,
      this.list,
      footer,
    );
  }

  update(chapters: ChapterSummary[]): void {
    this.chapters = [...chapters].sort((a, b) => a.order - b.order);
    this.message.hidden = true;
    this.render();
  }

  showError(message: string): void {
    this.message.hidden = false;
    this.message.textContent = message;
  }

  select(chapterId: string): void {
    this.selected = chapterId;
    this.render();
  }

  private render(): void {
    this.list.replaceChildren(...this.chapters.map((chapter) => this.item(chapter)));
  }

  private item(chapter: ChapterSummary): HTMLLIElement {
    const { total, passed } = chapter.checks;
    const done = total > 0 && passed === total;
    const link = h(
      'a',
      {
        href: `#/${encodeURIComponent(chapter.id)}`,
        class: 'chapter-link',
        'data-testid': 'sidebar-chapter',
        'data-chapter-id': chapter.id,
        'aria-current': chapter.id === this.selected ? 'page' : null,
      },
      h('span', { class: 'chapter-order', 'aria-hidden': 'true' }, String(chapter.order).padStart(2, '0')),
      h(
        'span',
        { class: 'chapter-text' },
        h('span', { class: 'chapter-title' }, chapter.title),
        h(
          'span',
          { class: 'chapter-progress', 'data-testid': 'chapter-progress' },
          total
            ? h(
                'span',
                {
                  class: 'bar',
                  role: 'progressbar',
                  'aria-valuemin': 0,
                  'aria-valuemax': total,
                  'aria-valuenow': passed,
                },
                h('span', { class: 'bar-fill', style: `width: ${(passed / total) * 100}%` }),
              )
            : null,
          h('span', { class: 'progress-text' }, total ? `${passed}/${total} checks${done ? ' ✓' : ''}` : 'no checks'),
          chapter.errors
            ? h(
                'span',
                { class: 'errors-badge', title: 'Problems in this lesson file' },
                `${chapter.errors} ${chapter.errors === 1 ? 'error' : 'errors'}`,
              )
            : null,
        ),
      ),
    );
    return h('li', { class: done ? 'done' : '' }, link);
  }
}
