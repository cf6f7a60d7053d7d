// Loads a Hexo site with Hexo itself and prints what Hexo made of each post
// and page as JSON: the parity tests compare it with folio's reading.
//
//   node tests/hexo/read.js SITE_DIR > hexo.json
//
// Safe mode: the site's own plugins and scripts are never run (it may be a
// blog fetched from anywhere). Only the Markdown renderer is loaded, which
// Hexo needs to treat `.md` files as posts at all.
'use strict';

const path = require('path');
const Hexo = require('hexo');

async function main() {
  const base = path.resolve(process.argv[2] || '.');
  const hexo = new Hexo(base, { silent: true, safe: true, draft: true });
  // What hexo-cli does in a folder it recognises as a site: without it,
  // Hexo reads no `_config.yml` (no timezone, no permalink).
  hexo.env.init = true;
  await hexo.init();
  await hexo.loadPlugin(require.resolve('hexo-renderer-marked'));
  // Hexo's `load` also renders every post (tag plugins, a theme's own
  // tags, which fail here without the theme); reading is only `process`.
  await hexo.source.process();

  // A permalink's path, percent-decoded: what folio keeps to redirect.
  const pathOf = url => decodeURIComponent(new URL(url).pathname);
  const iso = d => (d && typeof d.toISOString === 'function' ? d.toISOString() : null);
  const categoryPaths = doc => {
    const cats = doc.categories ? doc.categories.toArray() : [];
    const names = cat => {
      const out = [];
      for (let c = cat; c; c = c.parent ? hexo.model('Category').findById(c.parent) : null) {
        out.unshift(c.name);
      }
      return out;
    };
    const paths = cats.map(names);
    // Hexo links a post to every level of a path; folio keeps the leaves.
    return paths.filter(p => !paths.some(q => q.length > p.length && p.every((n, i) => q[i] === n)));
  };
  const posts = hexo.model('Post').toArray().map(p => ({
    kind: 'post',
    source: p.source,
    slug: p.slug,
    title: p.title,
    date: iso(p.date),
    updated: iso(p.updated),
    published: p.published,
    layout: p.layout,
    tags: p.tags.toArray().map(t => t.name),
    categories: categoryPaths(p),
    body: p._content,
    url: pathOf(p.permalink),
  }));
  const pages = hexo.model('Page').toArray().map(p => ({
    kind: 'page',
    source: p.source,
    title: p.title,
    date: iso(p.date),
    updated: iso(p.updated),
    layout: p.layout,
    body: p._content,
    url: pathOf(p.permalink),
  }));
  const tags = hexo.model('Tag').toArray().map(t => ({ name: t.name, url: pathOf(t.permalink) }));
  const categories = hexo.model('Category').toArray().map(c => ({
    name: c.name,
    url: pathOf(c.permalink),
  }));
  process.stdout.write(JSON.stringify({ posts, pages, tags, categories }, null, 1));
}

main().catch(err => {
  console.error(err);
  process.exit(1);
});
