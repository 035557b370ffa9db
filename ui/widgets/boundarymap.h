#pragma once
// The decision boundary as the Playground and the Compare view draw it: a colour map of the network's output
// over the plane under the data points, in the Playground's class colours.

#include "dataset.h"
#include "mlp.h"

#include <QColor>

#include <vector>

class QCPAxisRect;
class QCPColorGradient;
class QCPColorMap;
class QCPGraph;
class QCustomPlot;

namespace gelulab {

// Class 0 orange, class 1 blue, further classes Okabe–Ito; regression: the sign of the target.
QColor classColor(int k);
// Lighter than the points' colours, so that points stand out on their own side; two classes (and
// regression) shade continuously from orange through grey to blue, more classes in flat levels.
QCPColorGradient boundaryGradient(int classes);
// Fills an n×n colour map from a grid output (TrainingSnapshot::gridOutput: rows from the bottom): tanh
// output and regression as they are, a sigmoid's probability as 2p − 1, softmax class indices; with
// `discretize`, two-class outputs become ±1. An empty output clears the map.
void fillBoundary(QCPColorMap *map, const std::vector<float> &gridOutput, int n, OutputKind output,
                  int classes, bool discretize);
// One scatter graph per class in the axis rect (training points filled, test points ringed in black), not
// in any legend; `graphs` is emptied of its old graphs first.
void rebuildPointGraphs(QCustomPlot *plot, QCPAxisRect *rect, std::vector<QCPGraph *> &graphs, int groups,
                        bool test, double size = 6.0);
// Puts the points into the graphs by class (regression: by the sign of the target).
void fillPointGraphs(const std::vector<QCPGraph *> &graphs, const std::vector<DataPoint> &points,
                     Problem problem);

} // namespace gelulab
