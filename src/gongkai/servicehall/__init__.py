"""服务大厅: service commitments (服务承诺), ratings of services (好差评) and the rectification of bad ratings, and the window staff cards (挂牌上岗)."""
