"""Staff screens of 办事指南 (thin adapters over ``gongkai.services.services``)."""
