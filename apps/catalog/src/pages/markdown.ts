import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

// Descriptions come from other teams and third parties: Markdown may carry raw HTML, so whatever marked produces is
// sanitised to a small allow-list. No scripts, no event handlers, no styles, no `javascript:` or `data:` URLs.
const marked = new Marked({ gfm: true, breaks: false, async: false });

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'blockquote',
    'pre',
    'code',
    'em',
    'strong',
    'del',
    's',
    'a',
    'ul',
    'ol',
    'li',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'dl',
    'dt',
    'dd',
    'sup',
    'sub',
    'kbd',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    th: ['align'],
    td: ['align'],
    ol: ['start'],
    code: ['class'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // Other tags go, their text stays; script, style and textarea go with their content.
  disallowedTagsMode: 'discard',
  transformTags: {
    // Links leave the catalog: no referrer, no opener, no ranking credit.
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener noreferrer' }),
    // Headings inside a description sit below the page's own.
    h1: 'h4',
    h2: 'h4',
    h3: 'h5',
  },
};

/** Markdown from a spec as safe HTML. Bad Markdown never throws; it renders as text. */
export function renderMarkdown(text: string | undefined): string {
  if (!text) return '';
  let html: string;
  try {
    html = marked.parse(text) as string;
  } catch {
    html = sanitizeHtml(text, { allowedTags: [], allowedAttributes: {} });
  }
  return sanitizeHtml(html, OPTIONS);
}

/** The first sentence or line of a description, as plain text, for lists. */
export function plainSummary(text: string | undefined, max = 160): string {
  if (!text) return '';
  const plain = sanitizeHtml(marked.parse(text.slice(0, 2000)) as string, {
    allowedTags: [],
    allowedAttributes: {},
  })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > max ? `${plain.slice(0, max - 1).trimEnd()}…` : plain;
}
