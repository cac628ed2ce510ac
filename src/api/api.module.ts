import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { DecisionsModule } from '../decisions/decisions.module';
import { UnitsModule } from '../units/units.module';
import { UsersModule } from '../users/users.module';
import { ApiInternalController } from './api-internal.controller';
import { ApiToken } from './api-token.entity';
import { ApiTokenGuard } from './api-token.guard';
import { ApiTokensController } from './api-tokens.controller';
import { ApiTokensRepository } from './api-tokens.repository';
import { ApiTokensService } from './api-tokens.service';
import { InitiativesModule } from '../initiatives/initiatives.module';
import { ReplicationModule } from '../replication/replication.module';
import { ApiRateLimitGuard } from './api-http';
import { ApiPublicController } from './api-public.controller';
import { ApiService } from './api.service';

/** The read-only JSON API (/api/v1), described by its OpenAPI document (/api/docs), and the personal access tokens of its internal endpoints. */
@Module({
  imports: [TypeOrmModule.forFeature([ApiToken]), AuditModule, InitiativesModule, DecisionsModule, ReplicationModule, UnitsModule, UsersModule],
  controllers: [ApiPublicController, ApiInternalController, ApiTokensController],
  providers: [ApiService, ApiRateLimitGuard, ApiTokenGuard, ApiTokensService, ApiTokensRepository],
})
export class ApiModule {}
