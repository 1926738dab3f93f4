#!/usr/bin/env bash
# TLS for make serve when no certificate is configured: a local CA and a
# server certificate signed by it, generated ONCE into a folder (default
# .run/tls), labelled "FOR TESTING". Re-running reuses them; a server
# certificate close to expiry (or for other names) is re-issued from the same CA.
#
#   deploy/tls.sh <dir> <dns-name>[,<dns-name>...] [<ip>,...]
#
# Prints the paths: CA certificate (to trust), server certificate, server key.
set -euo pipefail

DIR="$1"
NAMES="${2:-localhost}"
IPS="${3:-127.0.0.1,::1}"
mkdir -p "$DIR"
chmod 755 "$DIR"
umask 077

CA_KEY="$DIR/ca.key" CA_CRT="$DIR/ca.crt"
KEY="$DIR/server.key" CRT="$DIR/server.crt"
LABEL="ecom suite local CA - FOR TESTING ONLY"

if [ ! -s "$CA_CRT" ] || [ ! -s "$CA_KEY" ]; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$CA_KEY" -out "$CA_CRT" -days 3650 -sha256 \
        -subj "/O=ecom suite (testing)/CN=$LABEL" \
        -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
fi

san=""
IFS=, read -ra names <<< "$NAMES"
for name in "${names[@]}"; do san+="DNS:$name,"; done
IFS=, read -ra ips <<< "$IPS"
for ip in "${ips[@]}"; do san+="IP:$ip,"; done
san="${san%,}"

# re-issue when missing, expiring within 30 days, or issued for other names
if [ ! -s "$CRT" ] || [ ! -s "$KEY" ] \
    || ! openssl x509 -in "$CRT" -noout -checkend $((30 * 86400)) >/dev/null 2>&1 \
    || [ "$(cat "$DIR/server.san" 2>/dev/null)" != "$san" ]; then
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$KEY" -out "$DIR/server.csr" \
        -subj "/O=ecom suite (testing)/CN=${names[0]} (FOR TESTING ONLY)" 2>/dev/null
    printf 'subjectAltName=%s\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' \
        "$san" > "$DIR/server.ext"
    openssl x509 -req -in "$DIR/server.csr" -CA "$CA_CRT" -CAkey "$CA_KEY" \
        -CAcreateserial -out "$CRT" -days 825 -sha256 -extfile "$DIR/server.ext" 2>/dev/null
    echo "$san" > "$DIR/server.san"
    rm -f "$DIR/server.csr"
fi
chmod 644 "$CA_CRT" "$CRT"
chmod 600 "$CA_KEY" "$KEY"
echo "$CA_CRT"
echo "$CRT"
echo "$KEY"
