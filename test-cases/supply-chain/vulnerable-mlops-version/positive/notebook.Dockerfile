# Team notebook image
FROM jupyter/base-notebook:notebook-6.4.8 AS base

USER root
RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*
USER ${NB_UID}

RUN pip install --no-cache-dir "jupyterhub==4.0.2" "mlflow[extras]==2.8.1" scikit-learn==1.3.2
