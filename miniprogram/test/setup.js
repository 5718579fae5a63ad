// What WeChat gives every page and simulate does not.
global.getApp = () => ({ globalData: {} });
global.getCurrentPages = () => [];
