import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { UnitsModule } from '../units/units.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { CurrentUserMiddleware } from './current-user.middleware';
import { NotificationsModule } from '../notifications/notifications.module';
import { LoginFailure } from './login-failure.entity';
import { LoginThrottleService } from './login-throttle.service';
import { SessionModule } from './session.module';

@Module({
  imports: [TypeOrmModule.forFeature([LoginFailure]), UsersModule, UnitsModule, AuditModule, SessionModule, NotificationsModule],
  controllers: [AuthController],
  providers: [AuthService, LoginThrottleService],
})
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CurrentUserMiddleware).forRoutes('{*splat}');
  }
}
