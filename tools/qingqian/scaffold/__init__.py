"""What `qingqian init` writes: the template files (`template/`) and the editor schemas."""
