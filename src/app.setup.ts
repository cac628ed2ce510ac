import { basename, dirname, join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { NestExpressApplication } from '@nestjs/platform-express';
import compression from 'compression';
import express from 'express';
import session from 'express-session';
import helmet from 'helmet';
import hbs from 'hbs';
import { SESSION_HOURS } from './auth/session-lifetime';
import { DatabaseSessionStore } from './auth/session-store';
import { AppConfig } from './config/app-config';
import { csrfMiddleware } from './common/csrf';
import { takeFlash } from './common/flash';
import { removeNulCharacters } from './common/body-text';
import { htmlBytesResponses } from './common/html-bytes';
import { bodyParserErrors, databaseUnavailableErrors, HttpExceptionFilter } from './common/http-exception.filter';
import { createValidationPipe } from './common/validation';
import { serveStaticAssets } from './common/static-assets';
import { viewHelpers } from './common/view-helpers';
import { serveApiDocs } from './api/api-docs';
import { closeOnSignals, InFlightRequests } from './common/graceful-shutdown';

/** Project root, whether running from src/ (tests) or dist/src/ (built). */
export const PROJECT_ROOT = basename(dirname(__dirname)) === 'dist' ? join(__dirname, '..', '..') : join(__dirname, '..');

export const SESSION_COOKIE = 'sk.sid';

/**
 * Everything the HTTP application needs besides its modules: shared by main.ts, the
 * demo and every e2e test, so tests exercise the same stack people use.
 */
export async function configureApp(app: NestExpressApplication): Promise<void> {
  const config = app.get(AppConfig);
  mkdirSync(config.get('uploadDir'), { recursive: true });

  // Every request counted from its arrival: a stop waits for them (see closeOnSignals below).
  app.use(app.get(InFlightRequests).track);

  app.set('trust proxy', config.get('trustProxy'));
  // Query strings hold single values (filters, pages): a repeated key keeps its last
  // value, so ?q=a&q=b is never an array.
  app.set('query parser', (query: string) => Object.fromEntries(new URLSearchParams(query)));
  app.disable('x-powered-by');

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
        },
      },
      // Pages are HTTP-only inside many district networks; HSTS is for the proxy to set.
      strictTransportSecurity: false,
    }),
  );

  // Pages, CSS and JS go out compressed (gzip, deflate or brotli, as the browser asks; a matrix
  // page of a province is mostly repeated markup). Files that are already compressed
  // (PDF, XLSX, images) are left as they are.
  app.use(compression({ threshold: 1024 }));
  serveStaticAssets(app, PROJECT_ROOT);

  // Pages and downloads are never stored by browsers or proxies (signed-in pages, exports
  // and internal files hold what others may not read); the public catalogue opts in.
  app.use((_req: express.Request, res: express.Response, next: express.NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  app.setBaseViewsDir(join(PROJECT_ROOT, 'views'));
  app.setViewEngine('hbs');
  app.set('view options', { layout: 'layouts/main' });
  if (config.get('production')) app.set('view cache', true);
  for (const [name, fn] of Object.entries(viewHelpers)) hbs.registerHelper(name, fn);
  await new Promise<void>((resolve) => hbs.registerPartials(join(PROJECT_ROOT, 'views', 'partials'), () => resolve()));

  app.use(express.urlencoded({ extended: true, limit: '2mb', parameterLimit: 5000 }));
  app.use(express.json({ limit: '1mb' }));
  app.use(bodyParserErrors);
  app.use(removeNulCharacters);

  const store = app.get(DatabaseSessionStore);
  app.use(
    session({
      name: SESSION_COOKIE,
      secret: config.get('sessionSecret'),
      store,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: SESSION_HOURS * 60 * 60 * 1000 },
    }),
  );
  app.use(csrfMiddleware(config.get('sessionSecret')));
  // A page holding parts kept as bytes (the matrix's grid) is sent as bytes (html-bytes.ts).
  app.use(htmlBytesResponses);
  app.use((req: express.Request, res: express.Response, next: express.NextFunction) => {
    res.locals.flash = takeFlash(req);
    res.locals.currentPath = req.path;
    next();
  });
  // The session store could not reach the database: 503 "thử lại sau", as from a route.
  app.use(databaseUnavailableErrors);

  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  serveApiDocs(app);
  // A stop lets the requests being answered finish before the modules close (see graceful-shutdown.ts).
  closeOnSignals(app);
}

