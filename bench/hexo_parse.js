// The peer: Hexo's own front-matter parser over every post of a corpus.
// usage: node hexo_parse.js DIR   (prints posts=<n>)
const fs = require('fs');
const path = require('path');
const { parse } = require('hexo-front-matter');

const dir = process.argv[2];
let n = 0;
for (const name of fs.readdirSync(dir)) {
  const data = parse(fs.readFileSync(path.join(dir, name), 'utf8'));
  if (data.title === undefined) throw new Error(`${name}: no title`);
  n += 1;
}
console.log(`posts=${n}`);
