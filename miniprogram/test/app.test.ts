// The app itself: a card or a link that names a page the mini program no longer has
// (an old notice after a release) goes home instead of WeChat's "page not found".

type AppOptions = {
  onLaunch?: () => void;
  onPageNotFound?: (res: { path: string; query: Record<string, string>; isEntryPage: boolean }) => void;
};

function loadApp(): AppOptions {
  let options: AppOptions = {};
  (global as unknown as { App: (o: AppOptions) => void }).App = (o) => {
    options = o;
  };
  jest.isolateModules(() => {
    require('../src/app');
  });
  return options;
}

describe('app', () => {
  let reLaunch: jest.Mock;
  beforeEach(() => {
    reLaunch = jest.fn();
    (global as unknown as { wx: unknown }).wx = { reLaunch };
  });

  it('goes to the home page when a card opens a page that does not exist', () => {
    const app = loadApp();
    expect(typeof app.onPageNotFound).toBe('function');
    app.onPageNotFound!({ path: 'pages/message/detail', query: { id: '42' }, isEntryPage: true });
    expect(reLaunch).toHaveBeenCalledTimes(1);
    expect(reLaunch.mock.calls[0][0].url).toBe('/pages/index/index');
  });

  it('still starts without the privacy API of an old WeChat', () => {
    const app = loadApp();
    expect(() => app.onLaunch!()).not.toThrow();
  });
});
