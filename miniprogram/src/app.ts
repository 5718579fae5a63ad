import { initPrivacy } from './services/privacy';

App({
  onLaunch() {
    initPrivacy();
  },
});
