import { Controller, Get, Render } from '@nestjs/common';
import { Viewer } from '../common/viewer';
import { User } from '../common/decorators';
import { HomeView } from './home.view';

@Controller()
export class HomeController {
  constructor(private readonly view: HomeView) {}

  /** "Việc cần làm": what needs this person's attention, by role. */
  @Get()
  @Render('home/index')
  home(@User() user: Viewer) {
    return this.view.home(user);
  }
}
