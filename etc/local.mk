# Example configuration.  Installed into $(sysconfdir) only where no file
# exists yet, and always under $(docdir)/examples: never over a user's config.
examplesdir = $(docdir)/examples
dist_examples_DATA = etc/inittab etc/gettydefs etc/issue

install-data-local:
	$(MKDIR_P) '$(DESTDIR)$(sysconfdir)'
	for f in inittab gettydefs issue; do \
	  if test -e '$(DESTDIR)$(sysconfdir)/'$$f; then \
	    echo "keeping existing $(DESTDIR)$(sysconfdir)/$$f"; \
	  else \
	    $(INSTALL_DATA) '$(srcdir)/etc/'$$f '$(DESTDIR)$(sysconfdir)/'$$f || exit 1; \
	  fi; \
	done

# Remove only files identical to the examples we shipped.
uninstall-local:
	for f in inittab gettydefs issue; do \
	  if cmp -s '$(srcdir)/etc/'$$f '$(DESTDIR)$(sysconfdir)/'$$f; then \
	    rm -f '$(DESTDIR)$(sysconfdir)/'$$f; \
	  fi; \
	done
