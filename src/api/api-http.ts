import { BadRequestException, CanActivate, ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { Request, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { ApiListQuery, ApiQueryError, etagOf, matchesEtag, RateLimiter, readListQuery } from './api-rules';

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
 * Sends an answer as JSON with its ETag: 304 without a body when the client already holds
 * it (If-None-Match). A public answer may be read by any site (CORS) and kept a minute by
 * caches; a token owner's is never kept by shared caches.
 */
export function sendJson(req: Request, res: Response, body: unknown, audience: 'public' | 'private'): void {
  const etag = etagOf(body);
  res.setHeader('ETag', etag);
  if (audience === 'public') {
    res.setHeader('Cache-Control', 'public, max-age=60');
    res.setHeader('Access-Control-Allow-Origin', '*');
  } else res.setHeader('Cache-Control', 'private, no-cache');
  if (matchesEtag(req.headers['if-none-match'], etag)) {
    res.status(304).end();
    return;
  }
  res.json(body);
}

/** A list's query (see readListQuery), or 400 naming the parameter it cannot read. */
export function listQueryOr400(query: Record<string, unknown>, internal = false): ApiListQuery {
  try {
    return readListQuery(query, internal);
  } catch (e) {
    if (e instanceof ApiQueryError) throw new BadRequestException(e.message);
    throw e;
  }
}
