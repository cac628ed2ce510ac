// The application as the benchmark runs it (in its own process, so the load generator
// and the memory sampling do not disturb it), plus one route for the ceiling: the
// catalogue page rendered from a fixed view model, with no database work.
import 'reflect-metadata';
import { Controller, Get, Module, OnApplicationBootstrap, Render } from '@nestjs/common';
import { AppModule } from '../src/app.module';
import { Public } from '../src/common/decorators';
import { InitiativesModule } from '../src/initiatives/initiatives.module';
import { InitiativesView } from '../src/initiatives/initiatives.view';
import { exitOnSettingsError, start } from '../src/main';

@Controller('bench')
class CeilingController implements OnApplicationBootstrap {
  private model: Record<string, unknown> = {};

  constructor(private readonly view: InitiativesView) {}

  async onApplicationBootstrap(): Promise<void> {
    // One real page of results, computed once.
    this.model = { title: 'Danh mục sáng kiến được công nhận', ...(await this.view.list({ q: 'dich vu cong' }, { public: true }, '/catalogue')) };
  }

  @Get('ceiling')
  @Public()
  @Render('catalogue/index')
  ceiling() {
    return this.model;
  }
}

@Module({ imports: [InitiativesModule], controllers: [CeilingController] })
class BenchModule {}

start(AppModule.register([BenchModule])).catch(exitOnSettingsError);
