<#ftl output_format="plainText">
${msg("apiKeyNotice" + notice + "Body", keyName, keyStart, clientId, realm, expires, days!"", source!"", url!"", msg("apiKeyNoticeAction" + (action!"NONE")))}

${msg("apiKeyNoticeFooter", keyId)}
