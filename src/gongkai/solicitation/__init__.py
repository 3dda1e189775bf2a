"""意见征集: draft policies published for comments, moderated comments, the adoption feedback report (采纳情况), and hearings (听证)."""
