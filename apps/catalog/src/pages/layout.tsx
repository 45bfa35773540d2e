import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { ASSETS } from './assets.js';

export type Section = 'apis' | 'search' | 'report';

export interface LayoutProps {
  title: string;
  current?: Section;
  /** The search box's value. */
  query?: string;
  children?: Child;
}

/** Every page's frame: landmarks, the site search (with suggestions while typing) and the stylesheet. */
export function Layout({ title, current, query, children }: LayoutProps) {
  const here = (section: Section) => (current === section ? { 'aria-current': 'page' as const } : {});
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="color-scheme" content="light dark" />
          <title>{`${title} · Interlock`}</title>
          <link rel="stylesheet" href={ASSETS.css} />
          <script src={ASSETS.js} defer></script>
        </head>
        <body>
          <a class="skip" href="#content">
            Skip to content
          </a>
          <header class="site">
            <div class="bar">
              <a class="brand" href="/">
                Interlock
              </a>
              <nav aria-label="Main">
                <ul>
                  <li>
                    <a href="/" {...here('apis')}>
                      APIs
                    </a>
                  </li>
                  <li>
                    <a href="/report" {...here('report')}>
                      Usage report
                    </a>
                  </li>
                </ul>
              </nav>
              <form class="search" role="search" action="/search" method="get">
                <label class="skip" for="site-search">
                  Search operations and schemas
                </label>
                <input
                  id="site-search"
                  type="search"
                  name="q"
                  value={query ?? ''}
                  placeholder="Search operations and schemas"
                  autocomplete="off"
                  maxlength={200}
                  role="combobox"
                  aria-autocomplete="list"
                  aria-controls="suggest"
                  aria-expanded="false"
                />
                <button type="submit">Search</button>
                <ul id="suggest" class="suggest" role="listbox" aria-label="Suggestions" hidden></ul>
              </form>
            </div>
          </header>
          <main id="content">{children}</main>
          <footer>
            Interlock catalog · <a href="/api/apis">JSON API</a>
          </footer>
        </body>
      </html>
    </>
  );
}
