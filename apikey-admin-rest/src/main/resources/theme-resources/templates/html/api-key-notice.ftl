<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${msg("apiKeyNotice" + notice + "Body", keyName, keyStart, clientId, realm, expires, days!"", source!"", url!"", msg("apiKeyNoticeAction" + (action!"NONE")))}</p>
<p>${msg("apiKeyNoticeFooter", keyId)}</p>
</@layout.emailLayout>
