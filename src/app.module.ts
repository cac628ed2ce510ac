import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AuthoritiesModule } from './authorities/authorities.module';
import { AttachmentsModule } from './attachments/attachments.module';
import { AuditModule } from './audit/audit.module';
import { CatalogueModule } from './catalogue/catalogue.module';
import { OpenDataModule } from './open-data/open-data.module';
import { FieldsModule } from './fields/fields.module';
import { LegalBasesModule } from './legal-bases/legal-bases.module';
import { InitiativesModule } from './initiatives/initiatives.module';
import { RoundsModule } from './rounds/rounds.module';
import { NotificationsModule } from './notifications/notifications.module';
import { MailModule } from './mail/mail.module';
import { ReviewsModule } from './reviews/reviews.module';
import { DecisionsModule } from './decisions/decisions.module';
import { EffectModule } from './effect/effect.module';
import { ApiModule } from './api/api.module';
import { ReplicationModule } from './replication/replication.module';
import { RemindersModule } from './reminders/reminders.module';
import { AuthModule } from './auth/auth.module';
import { AccessGuard } from './common/access.guard';
import { ExtensionsModule } from './common/extensions';
import { FormViewInterceptor } from './common/form-view.interceptor';
import { SettingsModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HomeModule } from './home/home.module';
import { JobsModule } from './jobs/jobs.module';
import { NoveltyModule } from './novelty/novelty.module';
import { UnitsModule } from './units/units.module';
import { UsersModule } from './users/users.module';
import { InFlightRequests } from './common/graceful-shutdown';

@Module({})
export class AppModule {
  /** Feature modules, plus any extra module (the demo data) the entry point asks for. */
  static register(extra: DynamicModule['imports'] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SettingsModule,
        DatabaseModule,
        JobsModule,
        ExtensionsModule,
        AuditModule,
        UnitsModule,
        AuthoritiesModule,
        UsersModule,
        AuthModule,
        HomeModule,
        FieldsModule,
        LegalBasesModule,
        AttachmentsModule,
        InitiativesModule,
        RoundsModule,
        MailModule,
        NotificationsModule,
        ReviewsModule,
        DecisionsModule,
        ReplicationModule,
        RemindersModule,
        EffectModule,
        ApiModule,
        CatalogueModule,
        OpenDataModule,
        NoveltyModule,
        ...extra,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_INTERCEPTOR, useClass: FormViewInterceptor },
        InFlightRequests,
      ],
    };
  }
}
