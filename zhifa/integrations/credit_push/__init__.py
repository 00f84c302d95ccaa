"""双公示 push: penalty records in the CF_* schema pushed to a provincial disclosure system
(广东省行政执法信息公示平台-style HTTP(S) JSON API), signed, retried, with a receipt log."""
