import { NestExpressApplication } from '@nestjs/platform-express';
import { NextFunction, Request, Response } from 'express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ApiModule } from './api.module';

/** The OpenAPI 3 document of the JSON API, generated from its controllers and their types. */
export function apiDocument(app: NestExpressApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Kho sáng kiến cải cách hành chính — API chỉ đọc')
    .setDescription(
      [
        'Dữ liệu công khai của kho sáng kiến dưới dạng JSON: sáng kiến được công nhận (như danh mục công khai), tệp công khai, tình hình nhân rộng, kế hoạch nhân rộng.',
        'Không có thông tin cá nhân (ngày sinh), nội dung mật, tệp nội bộ hay lý do đơn vị không áp dụng.',
        'Phân trang: page, pageSize (tối đa 100). Mỗi câu trả lời có ETag: gửi lại trong If-None-Match thì nhận 304 khi dữ liệu không đổi.',
        'Giới hạn: API_REQUESTS_PER_MINUTE yêu cầu mỗi phút từ một địa chỉ (mặc định 120), quá thì 429 kèm Retry-After. Lỗi trả về JSON { statusCode, message } bằng tiếng Việt.',
        'Phần nội bộ (/api/v1/me, /api/v1/internal/…) cần mã truy cập cá nhân: Authorization: Bearer sk_…; mã đọc đúng những gì người tạo mã được xem trên các trang, không sửa được gì. Thiếu mã, mã sai hay đã thu hồi: 401; sáng kiến ngoài quyền: 403.',
        'Dữ liệu mở theo giấy phép CC BY 4.0; tệp tải cả bộ ở /open-data.',
      ].join('\n\n'),
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Mã truy cập cá nhân (sk_…), tạo ở trang "Mã truy cập API" của tài khoản' })
    .build();
  return SwaggerModule.createDocument(app, config, { include: [ApiModule] });
}

/**
 * The document at /api/docs.json and its reading page at /api/docs (Swagger UI, its files
 * served from the installed swagger-ui-dist package: nothing from the internet).
 */
export function serveApiDocs(app: NestExpressApplication): void {
  // Swagger UI sets inline styles as it draws: on its own page only, styles (never scripts)
  // may be inline; the rest of the policy is the app's.
  app.use('/api/docs', (_req: Request, res: Response, next: NextFunction) => {
    const policy = res.getHeader('Content-Security-Policy');
    if (typeof policy === 'string') res.setHeader('Content-Security-Policy', policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"));
    next();
  });
  SwaggerModule.setup('api/docs', app, apiDocument(app), {
    jsonDocumentUrl: 'api/docs.json',
    raw: ['json'],
    customSiteTitle: 'API chỉ đọc — Kho sáng kiến cải cách hành chính',
  });
}
