package api

import "net/http"

// Index answers / with a plain page that points at the console, readiness and the
// contract, so that someone who opens the service's address (dev mode's printed URL, a
// deployment's host) finds their way instead of a JSON 404. It names only what is
// public anyway. It is served beside the gin router (server/app), not on it: it is not
// part of the API's contract.
func Index(w http.ResponseWriter, _ *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", htmlPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cache-Control", "no-cache")
	_, _ = w.Write([]byte(indexPage))
}

const indexPage = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>人大代表联络站服务 · liaison</title>
<style>
body { font: 18px/1.6 system-ui, "Noto Sans CJK SC", "PingFang SC", sans-serif; max-width: 40em; margin: 2em auto; padding: 0 1em; color: #1f2937; }
h1 { font-size: 1.4em; }
li { margin: .6em 0; }
a { color: #0052d9; }
.en { color: #4b5563; font-size: .9em; }
</style>
</head>
<body>
<h1>人大代表联络站服务 <span class="en">liaison — the service of the deputies' liaison stations</span></h1>
<p>这里是服务的地址。群众和代表请使用微信小程序。<br><span class="en">This is the service's address. Citizens and deputies use the WeChat mini program.</span></p>
<ul>
<li><a href="/console/">管理后台</a> <span class="en">the office's console</span></li>
<li><a href="/readyz">运行状态</a> <span class="en">readiness: are the database and Redis reachable</span></li>
<li><a href="/api/v1/openapi.yaml">接口文档（OpenAPI）</a> <span class="en">the API contract (OpenAPI 3)</span></li>
</ul>
</body>
</html>
`
