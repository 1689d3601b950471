// A tiny element builder, so views read as the markup they make without a UI framework.

type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined>;

/**
 * Creates an element with attributes and children. `class` sets the class name; attributes with a false, null or
 * undefined value are left out; `true` sets an empty attribute. Strings become text nodes (never HTML).
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, ...children);
  return el;
}

/** Appends children, skipping empty ones. */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/**
 * Text with Markdown's inline code: `like this` becomes a <code> element, the rest stays text (never HTML). For
 * the short lines written in a lesson's front matter, such as its summary, which are not rendered as Markdown.
 */
export function inlineCode(text: string): Child[] {
  return text.split(/`([^`]+)`/).map((part, index) => (index % 2 ? h('code', {}, part) : part));
}

/** An element holding HTML the lab server rendered from the lesson's Markdown (the lesson is trusted course content). */
export function trustedHtml(className: string, html: string): HTMLDivElement {
  const el = h('div', { class: className });
  el.innerHTML = html;
  return el;
}

/** Formats a run's duration for a footer: 850 ms, 3.2 s, 2 min 5 s. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}
