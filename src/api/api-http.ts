import { CanActivate, ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { Request, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { etagOf, matchesEtag, RateLimiter } from './api-rules';

/**
 * Refuses an address (or a personal access token) past its share of requests this minute:
 * 429 with Retry-After and a message in Vietnamese (API_REQUESTS_PER_MINUTE, counted by each
 * instance).
 */
@Injectable()
export class ApiRateLimitGuard implements CanActivate {
  private readonly limiter: RateLimiter | null;

  constructor(config: AppConfig) {
    const perMinute = config.get('apiRequestsPerMinute');
    this.limiter = perMinute > 0 ? new RateLimiter(perMinute) : null;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.limiter) return true;
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    // A token is counted as such, wherever it comes from; without one, the address.
    const wait = this.limiter.take(req.apiTokenId ? `token:${req.apiTokenId}` : `ip:${req.ip ?? 'unknown'}`);
    if (wait === null) return true;
    http.getResponse<Response>().setHeader('Retry-After', String(wait));
    throw new HttpException(`Quá ${this.limiter.perMinute} yêu cầu mỗi phút từ ${req.apiTokenId ? 'mã truy cập' : 'địa chỉ'} này. Vui lòng thử lại sau ${wait} giây.`, HttpStatus.TOO_MANY_REQUESTS);
  }
}

/**
 * Sends a public answer as JSON with its ETag: 304 without a body when the client already
 * holds it (If-None-Match). Any site may read it (CORS), and caches may keep it a minute.
 */
export function sendPublicJson(req: Request, res: Response, body: unknown): void {
  const etag = etagOf(body);
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', 'public, max-age=60');
  res.setHeader('Access-Control-Allow-Origin', '*');
  if (matchesEtag(req.headers['if-none-match'], etag)) {
    res.status(304).end();
    return;
  }
  res.json(body);
}

/** Sends an answer for a token's owner as JSON with its ETag (304 when unchanged); never kept by shared caches. */
export function sendPrivateJson(req: Request, res: Response, body: unknown): void {
  const etag = etagOf(body);
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', 'private, no-cache');
  if (matchesEtag(req.headers['if-none-match'], etag)) {
    res.status(304).end();
    return;
  }
  res.json(body);
}
