import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';

// The pages' stylesheet and script live in apps/catalog/public/, two folders up from both src/pages/ and
// dist/pages/. They are read once; their URLs carry a hash of their content, so browsers may cache them for good.
const folder = new URL('../../public/', import.meta.url);

interface Asset {
  body: string;
  type: string;
  hash: string;
}

function load(name: string, type: string): Asset {
  const body = readFileSync(new URL(name, folder), 'utf8');
  return { body, type, hash: createHash('sha256').update(body).digest('hex').slice(0, 12) };
}

const files: Record<string, Asset> = {
  'pages.css': load('pages.css', 'text/css; charset=utf-8'),
  'search.js': load('search.js', 'text/javascript; charset=utf-8'),
};

export const ASSETS = {
  css: `/assets/pages.css?v=${files['pages.css']?.hash}`,
  js: `/assets/search.js?v=${files['search.js']?.hash}`,
};

export function assetRoutes(): Hono {
  return new Hono().get('/assets/:name', (c) => {
    const asset = files[c.req.param('name')];
    if (!asset) return c.notFound();
    const etag = `"${asset.hash}"`;
    const headers = {
      'content-type': asset.type,
      etag,
      'cache-control': c.req.query('v') === asset.hash ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
    };
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
    return c.body(asset.body, 200, headers);
  });
}
