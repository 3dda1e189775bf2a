"""点题公开: topics the public asks to be disclosed, supported by others, each answered publicly by the agency."""
