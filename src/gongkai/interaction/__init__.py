"""政民互动: mailboxes (信箱) and letters (来信), hotline calls and visits with their work orders, published replies and the public figures."""
