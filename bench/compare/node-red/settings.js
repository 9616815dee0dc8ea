// Node-RED settings for bench/compare: the flow in flows.json, served on loopback, no editor.
// env: NODE_RED_PORT, COMPARE_SECRET (the shop's webhook secret the flow checks signatures with).
module.exports = {
    uiHost: "127.0.0.1",
    uiPort: Number(process.env.NODE_RED_PORT || 1880),
    // No editor and no admin API: the flow is the file given on the command line.
    httpAdminRoot: false,
    disableEditor: true,
    httpNodeRoot: "/",
    credentialSecret: false,
    // What the function node reads with global.get(): Node's crypto module and the secret.
    functionGlobalContext: {
        crypto: require("crypto"),
        wooSecret: process.env.COMPARE_SECRET
    },
    functionExternalModules: false,
    externalModules: { autoInstall: false, palette: { allowInstall: false } },
    logging: { console: { level: "warn", metrics: false, audit: false } },
    diagnostics: { enabled: false },
    telemetry: { enabled: false },
    runtimeState: { enabled: false }
};
