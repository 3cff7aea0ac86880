"""scikit-learn's logistic regression on the split the ml benchmark gives it (JSON on stdin).

Features: TF-IDF of word 1-2-grams and character 3-5-grams (the same families Quorum hashes),
sublinear TF, fitted on the whole corpus like Quorum's IDF. Prints one JSON line.
"""
import json
import sys
import time

import sklearn
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score

data = json.load(sys.stdin)
texts = data["texts"]
labels = data["labels"]
train = data["train"]
test = data["eval"]

start = time.perf_counter()
word = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
char = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2)
features = hstack([word.fit_transform(texts), char.fit_transform(texts)]).tocsr()
model = LogisticRegression(C=10.0, max_iter=2000, class_weight="balanced")
model.fit(features[train], [labels[i] for i in train])
predicted = model.predict(features[test])
truth = [labels[i] for i in test]
print(json.dumps({
    "accuracy": accuracy_score(truth, predicted),
    "macro_f1": f1_score(truth, predicted, average="macro"),
    "features": features.shape[1],
    "seconds": time.perf_counter() - start,
    "sklearn": sklearn.__version__,
}))
