"""Staff screens of topic requests, mounted at /staff/topics/ (see ``urls_staff``)."""
