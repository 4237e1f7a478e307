// The XSS corpus of the hardening checklist (issue 4; security notes A10/T9): strings that try to
// run script, load something or navigate when a client renders them as anything but text. Used by
// test/e2e/xss.test.ts as message bodies (incoming and outgoing), contact names, presence status
// messages and subscription-request nicks.
//
// Every payload carries its id (X01…) as a separate word, so it can be searched for, and if it
// ever executes it calls `__xss('<id>')` (a sentinel the test exposes in every frame), opens a
// dialog, or loads `${canary}/<id>` (a loopback server the test watches). Nothing here may reach
// anything but loopback: other host names are `.example`/`.invalid` or punycode look-alikes, and
// the test's Chromium resolves no names at all.
//
// vCard fields and file names (`kind: 'vcard'`, `'filename'`) go through today's channels (bodies,
// names, status, nicks); test/e2e/profile.test.ts also runs X43–X45, X48 and X53 through the vCard
// fields (FN, NICKNAME, URL, NOTE, EMAIL) of the profile dialog, and test/e2e/file-sharing.test.ts
// runs the file names through file cards (as the last segment of an OOB link).

export type PayloadKind =
  | 'script'
  | 'event-handler'
  | 'url-scheme'
  | 'svg-mathml'
  | 'frame'
  | 'css'
  | 'template'
  | 'markdown'
  | 'encoded'
  | 'unicode'
  | 'long'
  | 'attribute-break'
  | 'linkifier'
  | 'mxss'
  | 'vcard'
  | 'filename'

/** Extra elements a hostile peer can put into the <message/> next to the body (the UI never produces them). */
export type StanzaExtra = 'xhtml-im' | 'oob' | 'subject-thread'

export interface XssPayload {
  id: string
  kind: PayloadKind
  text: string
  /** Added to the incoming message stanza: must not be rendered at all (only the body is). */
  extra?: StanzaExtra
}

/** Builds the corpus; `canary` is an http://127.0.0.1:<port> origin whose requests the test records. */
export function xssCorpus(canary: string): XssPayload[] {
  const s = (id: string): string => `__xss('${id}')`
  const c = (id: string): string => `${canary}/${id}`
  const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64')
  const list: XssPayload[] = [
    { id: 'X01', kind: 'script', text: `<script>${s('X01')}</script>` },
    { id: 'X02', kind: 'event-handler', text: `<img src=x onerror="${s('X02')}">` },
    { id: 'X03', kind: 'svg-mathml', text: `<svg onload=${s('X03')}><script>${s('X03')}</script></svg>` },
    { id: 'X04', kind: 'svg-mathml', text: `<svg><animate onbegin=${s('X04')} attributeName=x dur=1s /><set attributeName=onmouseover to=${s('X04')} /></svg>` },
    { id: 'X05', kind: 'mxss', text: `<math><mtext><table><mglyph><style><img src=x onerror=${s('X05')}></style></mglyph></table></mtext></math>` },
    { id: 'X06', kind: 'frame', text: `<iframe srcdoc="<script>parent.${s('X06')}</script><img src=x onerror=parent.${s('X06')}>"></iframe>` },
    { id: 'X07', kind: 'frame', text: `<iframe src="javascript:${s('X07')}"></iframe><embed src="javascript:${s('X07')}">` },
    { id: 'X08', kind: 'url-scheme', text: `<object data="data:text/html;base64,${b64(`<script>parent.${s('X08')}</script>`)}"></object> X08` },
    { id: 'X09', kind: 'url-scheme', text: `<a href="javascript:${s('X09')}">click X09</a> javascript:${s('X09')}` },
    { id: 'X10', kind: 'url-scheme', text: `<a href="vbscript:msgbox('X10')">X10</a> vbscript:msgbox("X10")` },
    { id: 'X11', kind: 'markdown', text: `[click me X11](javascript:${s('X11')}) [x](JaVaScRiPt:alert('X11'))` },
    { id: 'X12', kind: 'markdown', text: `![X12](${c('X12')}) ![y](javascript:${s('X12')})` },
    { id: 'X13', kind: 'linkifier', text: `javascript:${s('X13')}//https://example.org/X13` },
    { id: 'X14', kind: 'url-scheme', text: `data:text/html;base64,${b64(`<script>${s('X14')}</script>`)} X14 data:image/svg+xml,<svg onload=${s('X14')}>` },
    { id: 'X15', kind: 'attribute-break', text: `https://example.org/X15" onmouseover="${s('X15')}" x="` },
    { id: 'X16', kind: 'attribute-break', text: `https://example.org/X16' autofocus onfocus='${s('X16')}` },
    { id: 'X17', kind: 'attribute-break', text: `https://example.org/X17\`onmouseover=${s('X17')}\`` },
    { id: 'X18', kind: 'linkifier', text: `https://example.org/<img/src/onerror=${s('X18')}>` },
    { id: 'X19', kind: 'linkifier', text: `https://example.org/?q=%3Cscript%3E${s('X19')}%3C/script%3E&X19` },
    { id: 'X20', kind: 'encoded', text: `<a href="&#x6A;ava&#9;script&colon;${s('X20')}">X20</a> <a href="java\tscript:${s('X20')}">tab</a>` },
    { id: 'X21', kind: 'encoded', text: `&lt;img src=x onerror=${s('X21')}&gt;` },
    { id: 'X22', kind: 'encoded', text: `&amp;lt;script&amp;gt;${s('X22')}&amp;lt;/script&amp;gt;` },
    { id: 'X23', kind: 'encoded', text: `&#60;script&#62;${s('X23')}&#60;/script&#62; \\u003cimg src=x onerror=${s('X23')}\\u003e %3Cscript%3E` },
    { id: 'X24', kind: 'css', text: `<div style="width: expression(${s('X24')}); behavior: url(${c('X24')})">X24</div>` },
    { id: 'X25', kind: 'css', text: `<div style="background-image:url(${c('X25')})">X25</div><link rel=stylesheet href="${c('X25')}">` },
    { id: 'X26', kind: 'css', text: `<style>@import '${c('X26')}'; *{background:url("${c('X26')}")}</style></style><img src=x onerror=${s('X26')}>` },
    { id: 'X27', kind: 'template', text: `{{constructor.constructor('${s('X27')}')()}} X27 {{$on.constructor('alert(1)')()}}` },
    { id: 'X28', kind: 'template', text: `\${${s('X28')}} #{${s('X28')}} <%= ${s('X28')} %> X28` },
    { id: 'X29', kind: 'template', text: `{@html '<img src=x onerror=${s('X29')}>'} {#if true}X29{/if}` },
    { id: 'X30', kind: 'unicode', text: `\u202E<img src=x onerror=${s('X30')}>\u202C X30 gpj.exe` },
    { id: 'X31', kind: 'unicode', text: `<im\u200Bg src=x on\u200Berror=${s('X31')}> jav\u200Bascript:${s('X31')} X31\u2060\uFEFF` },
    { id: 'X32', kind: 'unicode', text: `https://\u0430pple.com/X32 https://ex\u0430mple.org/login X32` },
    { id: 'X33', kind: 'unicode', text: `\uFF1Cscript\uFF1E${s('X33')}\uFF1C/script\uFF1E \u2039img src=x onerror=${s('X33')}\u203A X33` },
    { id: 'X34', kind: 'long', text: `${'A'.repeat(20_000)} <img src=x onerror=${s('X34')}> https://example.org/${'a'.repeat(3_000)} X34` },
    { id: 'X35', kind: 'attribute-break', text: `"'><script>${s('X35')}</script><"' '';!--"<XSS>=&{()} X35` },
    {
      id: 'X36',
      kind: 'mxss',
      text: `jaVasCript:/*-/*\`/*\\\`/*'/*"/**/(/* */oNcliCk=${s('X36')} )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=${s('X36')}//>\\x3e X36`,
    },
    { id: 'X37', kind: 'event-handler', text: `<details open ontoggle=${s('X37')}><summary>X37</summary></details>` },
    { id: 'X38', kind: 'event-handler', text: `<input autofocus onfocus=${s('X38')}><body onload=${s('X38')}> X38` },
    { id: 'X39', kind: 'url-scheme', text: `<base href="${c('X39')}/"><meta http-equiv="refresh" content="0;url=javascript:${s('X39')}">` },
    { id: 'X40', kind: 'frame', text: `<meta http-equiv=refresh content="0;url=${c('X40')}"><iframe src="${c('X40')}"></iframe>` },
    { id: 'X41', kind: 'mxss', text: `<noscript><p title="</noscript><img src=x onerror=${s('X41')}>"></noscript> X41` },
    { id: 'X42', kind: 'event-handler', text: `<form action="javascript:${s('X42')}"><button formaction="javascript:${s('X42')}">X42</button></form>` },
    { id: 'X43', kind: 'vcard', text: `"><img src=x onerror=${s('X43')}> X43 <FN>` },
    { id: 'X44', kind: 'filename', text: `"><svg onload=${s('X44')}>.png X44 invoice\u202Egnp.exe` },
    { id: 'X45', kind: 'filename', text: `../../X45<script>${s('X45')}</script>.html` },
    { id: 'X46', kind: 'event-handler', text: `<img src="${c('X46')}"> <video><source onerror=${s('X46')}></video> <audio src=x onerror=${s('X46')}>` },
    { id: 'X47', kind: 'script', text: `X47 rich text (the XHTML-IM part must never be shown)`, extra: 'xhtml-im' },
    { id: 'X48', kind: 'filename', text: `report X48"><img src=x onerror=${s('X48')}>.pdf https://example.org/X48.png`, extra: 'oob' },
    { id: 'X49', kind: 'markdown', text: '```\n<img src=x onerror=__xss(\'X49\')>\n```\n> <script>__xss(\'X49\')</script>\n*bold* _X49_' },
    { id: 'X50', kind: 'mxss', text: `<!--<img src="--><img src=x onerror=${s('X50')}//"> <![CDATA[<script>${s('X50')}</script>]]> X50`, extra: 'subject-thread' },
    { id: 'X51', kind: 'svg-mathml', text: `<svg><a xlink:href="javascript:${s('X51')}"><text x=20 y=20>X51</text></a><use href="data:image/svg+xml,<svg id='x'/>#x"/></svg>` },
    { id: 'X52', kind: 'linkifier', text: `<a href="https://example.org" onclick="${s('X52')}">https://example.org/X52</a>` },
    { id: 'X53', kind: 'vcard', text: `mailto:x@example.org?subject=<script>${s('X53')}</script> xmpp:mallory@localhost?message;body=X53` },
    { id: 'X54', kind: 'script', text: `<scr<script>ipt>${s('X54')}</scr</script>ipt> <SCRIPT SRC=${c('X54')}></SCRIPT>` },
    { id: 'X55', kind: 'unicode', text: `https://example.org/\u202Eexe.gpj X55 \u202Ehttps://example.org/moc.elgoog//:sptth` },
  ]
  return list
}
