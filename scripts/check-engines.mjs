// Does every package of package-lock.json accept the Node that runs this script? The check
// `npm ci` makes (an EBADENGINE warning, or a failure with --engine-strict), without installing:
// CI runs it with the Node 24 it tests on. Packages for another system or processor are left
// out, as npm leaves them out.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const semver = require('semver');

const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'));
const fits = (list, value) => !Array.isArray(list) || list.some((x) => x === value) || (list.every((x) => x.startsWith('!')) && !list.includes(`!${value}`));
const refused = [];
let checked = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  const range = entry.engines?.node;
  if (!path || typeof range !== 'string') continue;
  if (!fits(entry.os, process.platform) || !fits(entry.cpu, process.arch)) continue;
  checked++;
  if (!semver.satisfies(process.version, range, { includePrerelease: true })) refused.push(`${path.replace(/^.*node_modules\//, '')}@${entry.version}: node ${range}`);
}
if (refused.length) {
  console.error(`Node ${process.version} is refused by:\n  ${refused.join('\n  ')}`);
  process.exit(1);
}
console.log(`Node ${process.version}: the ${checked} locked packages that name a Node version accept it.`);
