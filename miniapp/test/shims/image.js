/**
 * A PNG imported by a component, as Taro's build gives it: under its 2 KB limit a data: URL of the
 * file (inlined, no request); a larger one would be a file in the package, which the tests refuse to
 * pretend, so they see its size go over.
 */
module.exports = {
  process(_source, filename) {
    const bytes = require('node:fs').readFileSync(filename);
    const url = bytes.length <= 2 * 1024 ? `data:image/png;base64,${bytes.toString('base64')}` : `too-large-to-inline:${filename}`;
    return { code: `module.exports = ${JSON.stringify(url)};` };
  },
};
