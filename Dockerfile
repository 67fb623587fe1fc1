# One image for every process of TTHC Ledger: projector, report workers (and the web panel when it lands).
FROM python:3.11-slim-bookworm

# Pango/HarfBuzz for WeasyPrint; fonts-liberation2 carries the Vietnamese letters (fonts-liberation does not);
# libharfbuzz-subset0 makes PDF writing faster. The report fonts themselves are bundled in reports/static/fonts.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 \
      fonts-liberation2 fonts-dejavu-core shared-mime-info \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY domain domain
COPY services services
COPY web web
COPY reports reports
RUN pip install --no-cache-dir .

RUN useradd --create-home tthc && mkdir -p /data && chown tthc /data
USER tthc
ENV TTHC_DATA_DIR=/data
ENTRYPOINT ["tthc"]
CMD ["--help"]
