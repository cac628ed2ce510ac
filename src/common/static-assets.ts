import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Response } from 'express';

// The app's own CSS, JS and images and the vendored Bootstrap, Chart.js and Noto Serif, served from
// the repository and node_modules (no CDN). Pages link them with a version taken from
// the file's content (`/assets/css/app.css?v=3f2a…`), so browsers and proxies may keep
// them for a year: a new release changes the link, not the cached file.

interface Root {
  prefix: string;
  dir: string;
}

let roots: Root[] = [];
const versions = new Map<string, string>();

export function serveStaticAssets(app: NestExpressApplication, projectRoot: string): void {
  roots = [
    { prefix: '/assets/', dir: join(projectRoot, 'public') },
    { prefix: '/vendor/bootstrap/', dir: join(projectRoot, 'node_modules', 'bootstrap', 'dist') },
    { prefix: '/vendor/chart.js/', dir: join(projectRoot, 'node_modules', 'chart.js', 'dist') },
    // A serif face with every Vietnamese letter, for the certificate and the minutes (print.css).
    { prefix: '/vendor/noto-serif/', dir: join(projectRoot, 'node_modules', '@fontsource', 'noto-serif', 'files') },
  ];
  versions.clear();
  for (const { prefix, dir } of roots) {
    app.useStaticAssets(dir, {
      prefix,
      maxAge: '1h',
      setHeaders: (res: Response) => {
        if (res.req.query.v) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      },
    });
  }
}

/** The address of a static file with its content version; the plain address if the file is not found. */
export function assetUrl(path: string): string {
  let version = versions.get(path);
  if (version === undefined) {
    const root = roots.find((r) => path.startsWith(r.prefix));
    try {
      version = root ? createHash('sha256').update(readFileSync(join(root.dir, path.slice(root.prefix.length)))).digest('hex').slice(0, 12) : '';
    } catch {
      version = '';
    }
    versions.set(path, version);
  }
  return version ? `${path}?v=${version}` : path;
}
