import { Module } from '@nestjs/common';
import { DecisionsModule } from '../decisions/decisions.module';
import { InitiativesModule } from '../initiatives/initiatives.module';
import { ReplicationModule } from '../replication/replication.module';
import { ApiRateLimitGuard } from './api-http';
import { ApiPublicController } from './api-public.controller';
import { ApiService } from './api.service';

/** The read-only JSON API (/api/v1), described by its OpenAPI document (/api/docs). */
@Module({
  imports: [InitiativesModule, DecisionsModule, ReplicationModule],
  controllers: [ApiPublicController],
  providers: [ApiService, ApiRateLimitGuard],
})
export class ApiModule {}
