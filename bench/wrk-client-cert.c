/* Gives every TLS context wrk makes the client certificate chain in WRK_CLIENT_CERT and its key
   in WRK_CLIENT_KEY (PEM), for bench/gsb.sh's TLS mode: wrk has no option for one.
   Loaded with LD_PRELOAD; OpenSSL's own functions are looked up at run time, so building it
   needs a C compiler and nothing else. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

typedef void SSL_CTX;
typedef void SSL_METHOD;

SSL_CTX *SSL_CTX_new(const SSL_METHOD *method) {
  static SSL_CTX *(*real_new)(const SSL_METHOD *);
  static int (*use_chain)(SSL_CTX *, const char *);
  static int (*use_key)(SSL_CTX *, const char *, int);
  if (!real_new) {
    real_new = (SSL_CTX * (*)(const SSL_METHOD *)) dlsym(RTLD_NEXT, "SSL_CTX_new");
    use_chain = (int (*)(SSL_CTX *, const char *))dlsym(RTLD_NEXT, "SSL_CTX_use_certificate_chain_file");
    use_key = (int (*)(SSL_CTX *, const char *, int))dlsym(RTLD_NEXT, "SSL_CTX_use_PrivateKey_file");
  }
  SSL_CTX *ctx = real_new(method);
  const char *cert = getenv("WRK_CLIENT_CERT"), *key = getenv("WRK_CLIENT_KEY");
  if (ctx && cert && key) {
    const int pem = 1; /* SSL_FILETYPE_PEM */
    if (use_chain(ctx, cert) != 1 || use_key(ctx, key, pem) != 1) {
      fprintf(stderr, "wrk-client-cert: cannot use %s and %s\n", cert, key);
      abort();
    }
  }
  return ctx;
}
