"""Pacer — 销售目标拆解与追踪: sales-target planning and tracking for B2B teams."""
